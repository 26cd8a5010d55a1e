/**
 * A fake token issuer on loopback: an RSA key pair, its JWKS at every `.../keys` path (the Bot
 * Framework's `/v1/.well-known/keys` and Entra's `/<tenant>/discovery/v2.0/keys`), and RS256 tokens
 * signed with it. Enough for the Teams SDK's real validator to verify tokens without the internet.
 * Claims follow what Microsoft documents for Bot Framework connector tokens (iss
 * https://api.botframework.com, aud = bot id, serviceurl) and Entra v2 tokens (iss
 * https://login.microsoftonline.com/<tid>/v2.0, tid, aud).
 */
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';

export class FakeTokenIssuer {
  private readonly privateKey: KeyObject;
  private readonly publicJwk: Record<string, unknown>;
  private server?: Server;
  readonly kid = 'fake-key-1';
  url = '';

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.publicJwk = { ...publicKey.export({ format: 'jwk' }), kid: this.kid, use: 'sig', alg: 'RS256' };
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const found = req.url?.endsWith('/keys');
      res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
      res.end(found ? JSON.stringify({ keys: [this.publicJwk] }) : '{}');
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A signed RS256 token, valid for an hour unless the claims say otherwise. */
  sign(claims: Record<string, unknown>): string {
    const now = Math.floor(Date.now() / 1000);
    const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const head = enc({ alg: 'RS256', typ: 'JWT', kid: this.kid });
    const body = enc({ iat: now, nbf: now - 5, exp: now + 3600, ...claims });
    const signature = createSign('RSA-SHA256').update(`${head}.${body}`).sign(this.privateKey).toString('base64url');
    return `${head}.${body}.${signature}`;
  }
}
