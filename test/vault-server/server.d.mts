// Types for server.mjs (plain ESM JavaScript so it runs without the TypeScript transform).
export interface VaultServerHandle {
  url: string;
  port: number;
  /** The live config: tests may flip `sealed`, push `faults`, edit roles. */
  config: any;
  state: {
    offsetMs: number;
    tokens: Map<string, any>;
    leases: Map<string, any>;
    revokedLeases: string[];
    revokedTokens: string[];
    requests: { method: string; path: string; namespace: string; status: number }[];
  };
  advanceClock(ms: number): void;
  token(idOrAccessor: string): any;
  close(): Promise<void>;
}
export function startVaultServer(config?: any, options?: { port?: number; host?: string }): Promise<VaultServerHandle>;
export function aclMatch(pattern: string, path: string): boolean;
export function globMatch(pattern: string, value: string): boolean;
export function cidrContains(cidr: string, ip: string): boolean;
