export interface Kind {
  rule: string;
  make: () => { secret: string; line: string };
  decoys: string[];
}
export declare const KINDS: Kind[];
export declare function rand(alphabet: string, n: number): string;
export interface Positive { rule: string; file: string; line: number; secret: string }
export declare function writeCorpus(dir: string, copies?: number): { positives: Positive[]; negatives: { rule: string; file: string }[] };
