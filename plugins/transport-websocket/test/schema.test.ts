import { SCHEMAS, validateEnvelope } from '../src/schema';

const H = { 'Client-ID': 'c', 'X-Project-ID': 'p' };

describe('validateEnvelope', () => {
  it('knows every action of the reference schema, and the claim_stream extension', () => {
    expect(Object.keys(SCHEMAS)).toHaveLength(35);
    expect(SCHEMAS).toHaveProperty('claim_stream');
    expect(validateEnvelope({ action: 'queue_lst', headers: H })).toBe('unknown-action');
    expect(validateEnvelope({ headers: H })).toBe('unknown-action');
    expect(validateEnvelope({ action: 'toString', headers: H })).toBe('unknown-action');
  });

  it('requires headers, required body fields and the listed JSON types', () => {
    expect(validateEnvelope({ action: 'queue_list', headers: H })).toBe('valid');
    expect(validateEnvelope({ action: 'queue_list' })).toBe('invalid');
    expect(validateEnvelope({ action: 'queue_list', headers: { 'X-Project-ID': 'p' } })).toBe('invalid');
    expect(validateEnvelope({ action: 'queue_get', headers: H, body: {} })).toBe('invalid');
    expect(validateEnvelope({ action: 'queue_get', headers: H, body: { queue_name: 'q', extra: 1 } })).toBe('valid');
    expect(validateEnvelope({ action: 'claim_create', headers: H, body: { queue_name: 'q', limit: 1.5 } })).toBe('invalid');
    expect(validateEnvelope({ action: 'message_get_many', headers: H, body: { queue_name: 'q', message_ids: 'a,b' } })).toBe('invalid');
    expect(validateEnvelope({ action: 'queue_get', headers: { ...H, Accept: 1 }, body: { queue_name: 'q' } })).toBe('invalid');
  });

  it('lets base actions carry any body and needs only a headers object', () => {
    expect(validateEnvelope({ action: 'ping_node', headers: {} })).toBe('valid');
    expect(validateEnvelope({ action: 'get_home_doc', headers: {}, body: 'anything' })).toBe('valid');
    expect(validateEnvelope({ action: 'authenticate', headers: { 'X-Project-ID': 'p' } })).toBe('invalid');
  });
});
