import { scanTree } from '../../shared/scan/index.js';
import { tmp, write } from './helpers.js';

describe('scanner regressions', () => {
  it("keeps '+' in a private key body: the redacted prefix is the key's own first characters", async () => {
    const root = tmp();
    const body = `+A/b${'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo'.repeat(3)}`;
    write(root, 'key.pem', `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`);
    const { findings } = await scanTree({ root, staticAllowed: [] });
    const key = findings.find((f) => f.rule.includes('private-key'));
    expect(key?.redacted).toBe('+A/b…');
  });

  it('still joins a key split across concatenated string literals', async () => {
    const root = tmp();
    const body = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC';
    write(root, 'key.js', `const k = "-----BEGIN PRIVATE KEY-----\\n" + "${body}" + "${body}\\n-----END PRIVATE KEY-----";\n`);
    const { findings } = await scanTree({ root, staticAllowed: [] });
    expect(findings.find((f) => f.rule.includes('private-key'))?.redacted).toBe('MIIE…');
  });
});
