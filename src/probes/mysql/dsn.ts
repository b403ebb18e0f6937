/** Where and as whom to connect, parsed from a `mysql://user:password@host:port/database` DSN. */
export interface MysqlEndpoint {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Empty when the DSN names no database. */
  database: string;
}

const SCHEMES = new Set(['mysql:', 'mariadb:']);

/**
 * Parses a MySQL/MariaDB DSN. Returns `undefined` for anything that is not a `mysql://` or
 * `mariadb://` URL with a host, so callers can reject it without echoing it (it may hold a password).
 */
export function parseMysqlDsn(dsn: string): MysqlEndpoint | undefined {
  let url: URL;
  try {
    url = new URL(dsn);
  } catch {
    return undefined;
  }
  if (!SCHEMES.has(url.protocol) || !url.hostname) return undefined;
  const port = url.port ? Number(url.port) : 3306;
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.replace(/^\//, '')),
  };
}

/** `host:port` of a DSN for probe targets; never contains the user or password. */
export function endpointLabel(dsn: string): string {
  const e = parseMysqlDsn(dsn);
  if (!e) return 'invalid-dsn';
  const host = e.host.includes(':') ? `[${e.host}]` : e.host;
  return `${host}:${e.port}`;
}
