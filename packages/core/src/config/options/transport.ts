import type { OptionGroup } from '../types';

const old = (name: string) => [{ group: 'limits:transport', name }] as const;

export const transportOptions: OptionGroup = {
  group: 'transport',
  owner: '@zaqarjs/core',
  options: [
    { name: 'default_message_ttl', type: 'int', default: 3600, min: 60, help: 'TTL of a posted message without "ttl" (when the queue has no _default_message_ttl).' },
    { name: 'default_message_delay', type: 'int', default: 0, min: 0, help: 'Shown as _default_message_delay when a queue has none.' },
    { name: 'default_claim_ttl', type: 'int', default: 300, min: 60, help: 'Claim TTL when omitted.' },
    { name: 'default_claim_grace', type: 'int', default: 60, min: 60, help: 'Claim grace when omitted.' },
    { name: 'default_subscription_ttl', type: 'int', default: 3600, min: 60, help: 'Subscription TTL when omitted.' },
    { name: 'max_queues_per_page', type: 'int', default: 20, min: 1, help: 'Upper bound of "limit" for queue listing.', deprecatedNames: old('queue_paging_uplimit') },
    { name: 'max_messages_per_page', type: 'int', default: 20, min: 1, help: 'Upper bound of "limit" for message listing and of ids in get/delete by ids.', deprecatedNames: old('message_paging_uplimit') },
    { name: 'max_subscriptions_per_page', type: 'int', default: 20, min: 1, help: 'Upper bound of "limit" for subscription listing.', deprecatedNames: old('subscription_paging_uplimit') },
    { name: 'max_messages_per_claim_or_pop', type: 'int', default: 20, min: 1, help: 'Upper bound of claim "limit" and of "pop".', deprecatedNames: [{ group: 'transport', name: 'max_messages_per_claim' }] },
    { name: 'max_queue_metadata', type: 'int', default: 65536, min: 1, help: 'Max size in bytes of a queue metadata document.', deprecatedNames: old('metadata_size_uplimit') },
    { name: 'max_messages_post_size', type: 'int', default: 262144, min: 1, help: 'Max size in bytes of a message-post request body.', deprecatedNames: [...old('message_size_uplimit'), { group: 'transport', name: 'max_message_size' }] },
    { name: 'max_message_ttl', type: 'int', default: 1209600, min: 60, help: 'Max message TTL in seconds.', deprecatedNames: old('message_ttl_max') },
    { name: 'max_message_delay', type: 'int', default: 900, min: 0, help: 'Max message delay in seconds.' },
    { name: 'max_claim_ttl', type: 'int', default: 43200, min: 60, help: 'Max claim TTL in seconds.', deprecatedNames: old('claim_ttl_max') },
    { name: 'max_claim_grace', type: 'int', default: 43200, min: 60, help: 'Max claim grace in seconds.', deprecatedNames: old('claim_grace_max') },
    { name: 'subscriber_types', type: 'list', default: ['http', 'https', 'mailto', 'trust+http', 'trust+https'], help: 'Accepted subscriber URI schemes.' },
    { name: 'max_flavors_per_page', type: 'int', default: 20, min: 1, help: 'Upper bound for flavor listing.' },
    { name: 'max_pools_per_page', type: 'int', default: 20, min: 1, help: 'Upper bound for pool listing.' },
    { name: 'client_id_uuid_safe', type: 'string', default: 'strict', choices: ['strict', 'off'], help: 'strict: Client-ID must be a UUID; off: any string within the length bounds below.' },
    { name: 'min_length_client_id', type: 'int', default: 10, min: 1, help: 'Minimum Client-ID length when client_id_uuid_safe = off.' },
    { name: 'max_length_client_id', type: 'int', default: 36, min: 1, help: 'Maximum Client-ID length when client_id_uuid_safe = off.' },
    { name: 'message_delete_with_claim_id', type: 'bool', default: false, help: 'Require claim_ids together with ids when deleting messages by ids.' },
    { name: 'message_encryption_algorithms', type: 'string', default: 'AES256', choices: ['AES256'], help: 'Algorithm for queues with _enable_encrypt_messages.' },
    { name: 'message_encryption_key', type: 'string', default: 'AES256', secret: true, help: 'Key material; SHA-256 of it is the AES-256 key. Change the default.' },
  ],
};
