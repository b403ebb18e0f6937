import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import type net from 'node:net';
import type { Fixture } from './net-fixtures.js';

/** A key and certificate in PEM, and where the certificate file is. */
export interface Issued {
  key: string;
  cert: string;
  certFile: string;
}

/** `YYYYMMDDHHMMSSZ` as `openssl ca` takes dates. */
const asn1 = (ms: number): string => new Date(ms).toISOString().replace(/[-:T]/g, '').replace(/\.\d{3}Z$/, 'Z');

/**
 * A throw-away certificate authority made with the `openssl` CLI in a temp folder (EC P-256 keys):
 * `issue` signs leaf certificates for given names and validity dates, `selfSigned` makes one
 * signed by its own key. Nothing touches the network or the system's trust store.
 */
export class TestCa {
  readonly dir = mkdtempSync(join(tmpdir(), 'zhiban-tls-'));
  readonly caFile = join(this.dir, 'ca.crt');
  private serial = 1;

  constructor() {
    this.openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '30', '-subj', '/CN=zhiban test CA']);
    writeFileSync(join(this.dir, 'index.txt'), '');
    writeFileSync(
      join(this.dir, 'ca.cnf'),
      '[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\nnew_certs_dir=.\nserial=serial\nunique_subject=no\ndefault_md=sha256\npolicy=p\ncopy_extensions=copy\n[p]\ncommonName=supplied\n',
    );
  }

  /** A leaf for `dnsName`, valid from `from` to `to` (ms since epoch), signed by this CA. */
  issue(dnsName: string, from: number, to: number): Issued {
    const n = this.serial++;
    this.csr(n, dnsName);
    writeFileSync(join(this.dir, 'serial'), `${n.toString(16).padStart(2, '0')}\n`);
    this.openssl(['ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.crt', '-keyfile', 'ca.key', '-in', `${n}.csr`, '-out', `${n}.crt`, '-startdate', asn1(from), '-enddate', asn1(to), '-notext']);
    return this.read(n);
  }

  /** A certificate for `dnsName` signed by its own key, valid for `days`. */
  selfSigned(dnsName: string, days = 30): Issued {
    const n = this.serial++;
    this.openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${n}.key`, '-out', `${n}.crt`, '-days', String(days), '-subj', `/CN=${dnsName}`, '-addext', `subjectAltName=DNS:${dnsName}`]);
    return this.read(n);
  }

  private csr(n: number, dnsName: string): void {
    this.openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${n}.key`, '-out', `${n}.csr`, '-subj', `/CN=${dnsName}`, '-addext', `subjectAltName=DNS:${dnsName}`]);
  }

  private read(n: number): Issued {
    const certFile = join(this.dir, `${n}.crt`);
    return { key: readFileSync(join(this.dir, `${n}.key`), 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
  }

  private openssl(args: string[]): void {
    execFileSync('openssl', args, { cwd: this.dir, stdio: ['ignore', 'ignore', 'pipe'] });
  }
}

/** Starts a TLS server on 127.0.0.1 (random port) presenting `issued`; it answers nothing after the handshake. */
export async function startTlsServer(issued: Issued, options: tls.TlsOptions = {}): Promise<Fixture> {
  const sockets = new Set<net.Socket>();
  const server = tls.createServer({ key: issued.key, cert: issued.cert, ...options }, (socket) => {
    socket.on('error', () => undefined);
    socket.end();
  });
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
