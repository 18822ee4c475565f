import { CiConstraintsError } from '../errors.js';

/** Why a SARIF file was rejected. Tests assert the code, not the wording. */
export type SarifErrorCode =
  | 'sarif-syntax' // not JSON, or truncated
  | 'sarif-shape' // JSON, but not the shape SARIF 2.1.0 requires
  | 'sarif-version' // a version other than 2.1.0, or none
  | 'sarif-too-deep' // nesting deeper than the reader accepts
  | 'sarif-too-large' // one JSON value larger than the reader accepts
  | 'sarif-io'; // the file could not be read

export interface SarifProblem {
  /** JSON path inside the file, e.g. `runs[0].results[12].level`; `$` for the document. */
  path: string;
  message: string;
}

/** An invalid SARIF file: names the file, the JSON path(s) and the problem(s). A deny, never a skip. */
export class SarifError extends CiConstraintsError {
  readonly sarifCode: SarifErrorCode;
  readonly file: string;
  readonly problems: SarifProblem[];
  constructor(sarifCode: SarifErrorCode, file: string, problems: SarifProblem[], options: { cause?: unknown } = {}) {
    const first = problems[0] ?? { path: '$', message: 'invalid SARIF' };
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : '';
    super('input-invalid', `${file}: ${first.path}: ${first.message}${more}`, {
      hint: 'produce SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/) or remove the file from the `sarif` input',
      ...options,
    });
    this.sarifCode = sarifCode;
    this.file = file;
    this.problems = problems;
  }
}
