import { lookup } from 'node:dns/promises';
import { readFile } from 'node:fs/promises';
import { checkServerIdentity, connect, rootCertificates, type PeerCertificate } from 'node:tls';

/** What one TLS handshake with an endpoint showed (the chain and hostname judged separately). */
export interface Handshake {
  /** The addresses the host name resolved to; the handshake used the first. */
  addresses: string[];
  /** `TLSv1.3`, `TLSv1.2` …, as negotiated. */
  protocol: string | null;
  /** Why the chain does not verify (`CERT_HAS_EXPIRED`, `DEPTH_ZERO_SELF_SIGNED_CERT` …), null when it does. */
  chainError: string | null;
  /** Why the certificate does not match the host name, null when it does. */
  hostnameError: string | null;
  subject: string;
  issuer: string;
  /** Subject alternative names as the certificate lists them (`DNS:api.example.com, …`). */
  altNames: string;
  validFrom: number;
  validTo: number;
}

/** A DNS failure, kept apart from connection failures so the finding names the right step. */
export class DnsFailure extends Error {
  constructor(readonly host: string, readonly code: string) {
    super(`${host}: ${code}`);
    this.name = 'DnsFailure';
  }
}

/** The configured CA file could not be read; nothing was connected. */
export class CaFileFailure extends Error {
  constructor(readonly file: string, readonly code: string) {
    super(`${file}: ${code}`);
    this.name = 'CaFileFailure';
  }
}

/** The system's roots plus the PEM file `ca` (a private CA), or undefined for the system's roots alone. */
async function trusted(ca: string | undefined): Promise<string[] | undefined> {
  if (ca === undefined) return undefined;
  const pem = await readFile(ca, 'utf8').catch((err: unknown) => {
    throw new CaFileFailure(ca, String((err as { code?: string }).code ?? (err as Error).message));
  });
  return [...rootCertificates, pem];
}

/** `CN=a, O=b` from a certificate's subject or issuer object. */
function dn(entries: PeerCertificate['subject'] | undefined): string {
  if (!entries) return '-';
  return Object.entries(entries).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`).join(', ') || '-';
}

/**
 * Resolves `host` (every address), then opens one TLS connection to the first address with SNI
 * `host` (IPv4 first), reads the negotiated protocol and the peer certificate, and closes it. The chain is
 * verified against the system's roots (plus `ca`), the host name checked with Node's own rules,
 * both reported rather than refused, so one handshake tells everything. Aborted by `signal`.
 * @throws DnsFailure when the name does not resolve; socket errors as Node raises them.
 */
export async function tlsHandshake(host: string, port: number, ca: string | undefined, signal: AbortSignal): Promise<Handshake> {
  const addresses = await lookup(host, { all: true, order: 'ipv4first' }).then(
    (all) => all.map((a) => a.address),
    (err: unknown) => {
      throw new DnsFailure(host, String((err as { code?: string }).code ?? (err as Error).message));
    },
  );
  const roots = await trusted(ca);
  signal.throwIfAborted();
  return new Promise<Handshake>((resolve, reject) => {
    const socket = connect({
      host: addresses[0],
      port,
      servername: host,
      ...(roots ? { ca: roots } : {}),
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
    });
    const abort = (): void => {
      socket.destroy();
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    signal.addEventListener('abort', abort, { once: true });
    const done = (): void => {
      signal.removeEventListener('abort', abort);
      socket.destroy();
    };
    socket.once('error', (err: Error) => {
      done();
      reject(err);
    });
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      const identity = checkServerIdentity(host, cert);
      const result: Handshake = {
        addresses,
        protocol: socket.getProtocol(),
        chainError: socket.authorized ? null : String(socket.authorizationError ?? 'unverified'),
        hostnameError: identity ? identity.message : null,
        subject: dn(cert.subject),
        issuer: dn(cert.issuer),
        altNames: cert.subjectaltname ?? '-',
        validFrom: Date.parse(cert.valid_from),
        validTo: Date.parse(cert.valid_to),
      };
      done();
      resolve(result);
    });
  });
}
