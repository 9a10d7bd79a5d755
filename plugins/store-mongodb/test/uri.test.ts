import { clientOptions, DEFAULT_SERVER_SELECTION_TIMEOUT_MS, normalizeUri } from '../src/connection/uri';

describe('normalizeUri', () => {
  it.each([
    ['mongodb://db1:27017,db2:27017/?replicaSet=rs0', 'mongodb://db1:27017,db2:27017/?replicaSet=rs0'],
    ['mongodb.fifo://127.0.0.1:27017', 'mongodb://127.0.0.1:27017'],
    ['anything://user:pw@host/db', 'mongodb://user:pw@host/db'],
    ['127.0.0.1:27017', 'mongodb://127.0.0.1:27017'],
    ['mongodb+srv://cluster.example.com/', 'mongodb+srv://cluster.example.com/'],
  ])('%s → %s', (given, expected) => {
    expect(normalizeUri(given)).toBe(expected);
  });
});

describe('clientOptions', () => {
  it('fails fast by default but keeps the timeouts a URI sets', () => {
    expect(clientOptions('mongodb://h', {})).toMatchObject({ serverSelectionTimeoutMS: DEFAULT_SERVER_SELECTION_TIMEOUT_MS });
    expect(clientOptions('mongodb://h/?serverSelectionTimeoutMS=9000', {}).serverSelectionTimeoutMS).toBeUndefined();
  });

  it('applies the ssl_* options only when the URI asks for TLS', () => {
    const ssl = { caFile: '/etc/ca.pem', certFile: '/etc/client.pem', certReqs: 'CERT_NONE' };
    expect(clientOptions('mongodb://h', { ssl }).tls).toBeUndefined();
    expect(clientOptions('mongodb://h/?ssl=True', { ssl })).toMatchObject({
      tls: true,
      tlsCAFile: '/etc/ca.pem',
      tlsCertificateKeyFile: '/etc/client.pem',
      tlsAllowInvalidCertificates: true,
    });
    expect(clientOptions('mongodb://h/?tls=true', { ssl: { certReqs: 'CERT_REQUIRED' } }).tlsAllowInvalidCertificates).toBeUndefined();
  });
});
