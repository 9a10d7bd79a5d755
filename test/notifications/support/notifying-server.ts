/**
 * What the notification end-to-end tests share: a real server (in process:
 * wsgi, SQLite, `message_pipeline = zaqar.notification.notifier`) and a JSON
 * client speaking for one project.
 */
import { createLogger, type Logger } from '@zaqarjs/core';
import { startServer, type RunningServer } from '@zaqarjs/server';
import { REPO, tempDir } from '../../server/cli-process';

const CLIENT_ID = '3381af92-2b9e-11e3-b191-71861300734c';

/** What else a test may set: the server's logger (default silent), lines added to `[drivers:transport:wsgi]`. */
export interface NotifyingServerOptions {
  logger?: Logger;
  wsgi?: string;
}

/** Starts the server; `extraConf` adds whole sections (`[notification]`, `[signed_url]`...). `base` has no version path. */
export async function startNotifyingServer(
  tempPrefix: string,
  extraConf: string,
  options: NotifyingServerOptions = {},
): Promise<{ server: RunningServer; base: string }> {
  const t = tempDir(tempPrefix);
  const conf = `[DEFAULT]
data_dir = ${t.dir}/data
[drivers]
transport = wsgi
[drivers:transport:wsgi]
port = 0
${options.wsgi ?? ''}
[drivers:message_store:sqlalchemy]
uri = sqlite:///${t.dir}/zaqar.db
[drivers:management_store:sqlalchemy]
uri = sqlite:///${t.dir}/zaqar.db
[storage]
message_pipeline = zaqar.notification.notifier
${extraConf}
`;
  const server = await startServer({
    appRoot: REPO,
    configFiles: [t.write('zaqar.conf', conf)],
    env: {},
    home: t.dir,
    logger: options.logger ?? createLogger({ level: 'silent' }),
  });
  const { host, port } = server.addresses.find((a) => a.transport === 'wsgi')!;
  return { server, base: `http://${host}:${port}` };
}

export interface JsonResponse<T> {
  status: number;
  body: T | undefined;
}

/** A JSON request as the project's client; `headers` add to (or override) the client's own. */
export type JsonCall = <T = unknown>(method: string, url: string, body?: unknown, headers?: Record<string, string>) => Promise<JsonResponse<T>>;

export function jsonClient(project: string): JsonCall {
  const own = { 'Client-ID': CLIENT_ID, 'X-Project-ID': project, 'Content-Type': 'application/json' };
  return async <T>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(url, { method, headers: { ...own, ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as T) : undefined };
  };
}
