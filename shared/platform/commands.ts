/**
 * GitHub's runner workflow-command and file-command encodings
 * (https://docs.github.com/actions/reference/workflow-commands-for-github-actions).
 */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function workflowCommand(command: string, properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${command}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

/**
 * A one-line value as `name=value\n`: it cannot end the entry early. Any other value as
 * `name<<DELIMITER\nvalue\nDELIMITER\n` with a random delimiter; a value that contains the
 * delimiter could close the block early and inject variables, so that is refused. node:crypto is
 * loaded only then: its ~7 ms would otherwise be paid by every run for its one-line outputs.
 */
export function fileCommandEntry(name: string, value: string): string {
  if (/[\r\n=]/.test(name) || name === '') throw new Error(`invalid variable name ${JSON.stringify(name)}`);
  if (!/[\r\n]/.test(value)) return `${name}=${value}\n`;
  const delimiter = `ghadelimiter_${process.getBuiltinModule('node:crypto').randomUUID()}`;
  if (value.includes(delimiter)) throw new Error('value contains the file-command delimiter');
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}

/** A bash single-quoted literal: safe for any bytes but NUL. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
