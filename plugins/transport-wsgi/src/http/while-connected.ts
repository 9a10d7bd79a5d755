import type { IncomingMessage } from 'node:http';

/**
 * Runs `work` with a signal that aborts when the client's connection closes
 * first (a long-poll claim stops waiting for a client that left). The
 * listener is removed afterwards: a keep-alive socket serves many requests.
 */
export async function whileConnected<T>(req: IncomingMessage, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const socket = req.socket;
  const abort = () => controller.abort();
  if (socket.destroyed) abort();
  else socket.once('close', abort);
  try {
    return await work(controller.signal);
  } finally {
    socket.removeListener('close', abort);
  }
}
