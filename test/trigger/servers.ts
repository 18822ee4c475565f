import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

export interface Reply {
  status: number;
  body?: unknown;
  /** Milliseconds to wait before answering (to observe concurrency). */
  delayMs?: number;
}
export type Route = (path: string, req: IncomingMessage) => Reply | undefined;

/** A loopback HTTP server answering JSON from a route function; records every request. */
export class Loopback {
  readonly requests: { method: string; path: string; authorization?: string | undefined; privateToken?: string | undefined }[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private server: Server;
  url = '';
  constructor(public route: Route) {
    this.server = createServer((req, res) => {
      const path = req.url ?? '/';
      this.requests.push({ method: req.method ?? 'GET', path, authorization: req.headers.authorization, privateToken: req.headers['private-token'] as string | undefined });
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      const reply = this.route(path, req) ?? { status: 404, body: { message: 'Not Found' } };
      setTimeout(() => {
        this.inFlight--;
        res.writeHead(reply.status, { 'content-type': 'application/json' });
        res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
      }, reply.delayMs ?? 0);
    });
  }
  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }
  paths(): string[] {
    return this.requests.map((r) => r.path);
  }
  async close(): Promise<void> {
    this.server.closeAllConnections?.();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export interface TokenOptions {
  audience?: string;
  issuer?: string;
  expiresIn?: string | number;
  /** Sign with a key the issuer does not publish. */
  foreignKey?: boolean;
  notBefore?: number;
}

/**
 * An OIDC issuer on loopback with a real RSA key made by jose: discovery document, JWKS, and a
 * GitHub-style token request endpoint (`ACTIONS_ID_TOKEN_REQUEST_URL`, bearer
 * `ACTIONS_ID_TOKEN_REQUEST_TOKEN`) that signs `claims` with the requested audience.
 */
export class OidcIssuer {
  server: Loopback;
  claims: Record<string, unknown> = {};
  requestToken = 'request-bearer-0123456789';
  /** What the discovery document names as issuer (tests change it). */
  advertisedIssuer?: string;
  private key!: PrivateKey;
  private foreign!: PrivateKey;
  private jwk!: JWK;
  tokenOptions: TokenOptions = {};
  constructor() {
    this.server = new Loopback((path, req) => this.answer(path, req));
  }
  get issuer(): string {
    return this.server.url;
  }
  get tokenUrl(): string {
    return `${this.server.url}/token?api-version=2.0`;
  }
  async start(): Promise<this> {
    const pair = await generateKeyPair('RS256', { extractable: true });
    this.key = pair.privateKey;
    this.jwk = { ...(await exportJWK(pair.publicKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };
    this.foreign = (await generateKeyPair('RS256')).privateKey;
    await this.server.start();
    return this;
  }
  private pending = new Map<string, string>();
  private answer(path: string, req: IncomingMessage): Reply | undefined {
    if (path === '/.well-known/openid-configuration') return { status: 200, body: { issuer: this.advertisedIssuer ?? this.issuer, jwks_uri: `${this.issuer}/jwks`, id_token_signing_alg_values_supported: ['RS256'] } };
    if (path === '/jwks') return { status: 200, body: { keys: [this.jwk] } };
    if (path.startsWith('/token')) {
      if (req.headers.authorization !== `Bearer ${this.requestToken}`) return { status: 401, body: { message: 'bad request token' } };
      const aud = new URL(path, this.issuer).searchParams.get('audience') ?? undefined;
      const token = this.pending.get(aud ?? '');
      return token ? { status: 200, body: { value: token } } : { status: 500, body: { message: 'no token prepared' } };
    }
    return undefined;
  }
  async sign(claims: Record<string, unknown> = this.claims, options: TokenOptions = this.tokenOptions): Promise<string> {
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key-1', typ: 'JWT' })
      .setIssuer(options.issuer ?? this.issuer)
      .setAudience(options.audience ?? 'ci-constraints')
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '5m');
    if (options.notBefore !== undefined) jwt.setNotBefore(options.notBefore);
    return jwt.sign(options.foreignKey ? this.foreign : this.key);
  }
  /** Prepare the token the GitHub-style endpoint hands out for an audience. */
  async prepare(audience = 'ci-constraints', claims: Record<string, unknown> = this.claims, options: TokenOptions = {}): Promise<string> {
    const token = await this.sign(claims, { audience, ...options });
    this.pending.set(audience, token);
    return token;
  }
  close(): Promise<void> {
    return this.server.close();
  }
}

/** GitHub OIDC claims for a push run of Codertocat/Hello-World on main, as the runner's token carries them. */
export function githubClaims(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: 'repo:Codertocat/Hello-World:ref:refs/heads/main',
    repository: 'Codertocat/Hello-World',
    repository_owner: 'Codertocat',
    repository_id: '186853002',
    repository_owner_id: '21031067',
    repository_visibility: 'public',
    ref: 'refs/heads/main',
    ref_type: 'branch',
    ref_protected: 'true',
    sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
    actor: 'Codertocat',
    actor_id: '21031067',
    event_name: 'push',
    workflow: 'deploy',
    workflow_ref: 'Codertocat/Hello-World/.github/workflows/deploy.yml@refs/heads/main',
    job_workflow_ref: 'Codertocat/Hello-World/.github/workflows/deploy.yml@refs/heads/main',
    run_id: '1589141559',
    run_number: '7',
    run_attempt: '1',
    runner_environment: 'github-hosted',
    head_ref: '',
    base_ref: '',
    ...over,
  };
}
