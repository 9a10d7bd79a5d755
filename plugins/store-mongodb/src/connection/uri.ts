/** From the configured URI to what the official driver takes. */
import { readFileSync } from 'node:fs';
import type { MongoClientOptions } from 'mongodb';
import type { MongoStoreOptions } from '../options';

/** Fail fast: without it the driver waits 30 s for a server before an operation fails. */
export const DEFAULT_SERVER_SELECTION_TIMEOUT_MS = 2000;

/**
 * `mongodb.fifo://host` (a pool URI) and any other scheme become `mongodb://host`,
 * as in the reference; `mongodb+srv://` keeps its scheme (it means DNS seed lists).
 */
export function normalizeUri(uri: string): string {
  if (/^mongodb\+srv:\/\//i.test(uri)) return uri;
  const at = uri.indexOf('://');
  return at < 0 ? `mongodb://${uri}` : `mongodb://${uri.slice(at + 3)}`;
}

function queryHas(uri: string, name: string): boolean {
  const query = uri.split('?')[1] ?? '';
  return query.split('&').some((pair) => pair.split('=')[0].toLowerCase() === name.toLowerCase());
}

function queryFlag(uri: string, name: string): boolean {
  const query = uri.split('?')[1] ?? '';
  return query.split('&').some((pair) => {
    const [key, value = ''] = pair.split('=');
    return key.toLowerCase() === name.toLowerCase() && value.toLowerCase() === 'true';
  });
}

/** Client options: a short server selection timeout unless the URI sets one, TLS files when ssl/tls=true. */
export function clientOptions(uri: string, options: Pick<MongoStoreOptions, 'ssl'>): MongoClientOptions {
  const result: MongoClientOptions = {};
  if (!queryHas(uri, 'serverSelectionTimeoutMS')) result.serverSelectionTimeoutMS = DEFAULT_SERVER_SELECTION_TIMEOUT_MS;
  const ssl = options.ssl;
  if (ssl && (queryFlag(uri, 'ssl') || queryFlag(uri, 'tls'))) {
    result.tls = true;
    if (ssl.caFile) result.tlsCAFile = ssl.caFile;
    // The reference took key and certificate as two files; the driver's file option wants one PEM with both.
    if (ssl.certFile && ssl.keyFile && ssl.certFile !== ssl.keyFile) {
      result.cert = readFileSync(ssl.certFile);
      result.key = readFileSync(ssl.keyFile);
    } else if (ssl.certFile || ssl.keyFile) {
      result.tlsCertificateKeyFile = ssl.certFile ?? ssl.keyFile;
    }
    if (ssl.certReqs === 'CERT_NONE') result.tlsAllowInvalidCertificates = true;
  }
  return result;
}
