/** A free TCP port on 127.0.0.1 for a test server that is started later by another process. */
import * as fs from 'node:fs';
import * as net from 'node:net';

const LOWEST_PORT = 10_000;

/**
 * The kernel hands out ports from the ephemeral range to outgoing connections too, so a port
 * found free there with listen(0) can be taken by any client socket (another Jest worker's fetch)
 * before the server binds it: CI saw EADDRINUSE that way. Ports below that range are only ever
 * taken by an explicit listen, which the probe below sees.
 */
function ephemeralRangeStart(): number {
  try {
    const [low] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    return Number.isInteger(low) ? low : 0;
  } catch {
    return 0;
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

function kernelChosenPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export async function freePort(): Promise<number> {
  const rangeStart = ephemeralRangeStart();
  if (rangeStart - LOWEST_PORT < 1_000) return kernelChosenPort();
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = LOWEST_PORT + Math.floor(Math.random() * (rangeStart - LOWEST_PORT));
    if (await canListen(port)) return port;
  }
  return kernelChosenPort();
}
