/** Whether `host` (a name or an address, without brackets) is this host's loopback: localhost, 127.x, ::1 or ::ffff:127.x. */
export const isLoopbackHost = (host: string): boolean => host === 'localhost' || host === '::1' || /^127\./.test(host) || /^::ffff:127\./.test(host);
