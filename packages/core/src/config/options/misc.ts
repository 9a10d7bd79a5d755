import type { OptionGroup } from '../types';

export const wsgiOptions: OptionGroup = {
  group: 'drivers:transport:wsgi',
  owner: '@zaqarjs/core',
  options: [
    { name: 'bind', type: 'host', default: '127.0.0.1', help: 'Listen address of the HTTP transport.' },
    { name: 'port', type: 'port', default: 8888, help: 'Listen port of the HTTP transport.' },
    {
      name: 'metrics',
      type: 'bool',
      default: false,
      help: 'Serve Prometheus metrics at GET /metrics on this port, without authentication (the answer names projects and queues: keep the port internal). Not an option of the reference.',
    },
    {
      name: 'metrics_top_queues',
      type: 'int',
      default: 10,
      min: 0,
      help: 'Queue depth is exported for at most this many queues: the largest among those this process served recently.',
    },
  ],
};

export const storageOptions: OptionGroup = {
  group: 'storage',
  owner: '@zaqarjs/core',
  options: [
    ...['queue', 'message', 'claim', 'subscription', 'topic'].map((resource) => ({
      name: `${resource}_pipeline`,
      type: 'list' as const,
      default: [],
      help: `Pipeline stages (namespace zaqar.storage.stages) run before the ${resource} controller.`,
    })),
    {
      name: 'queue_metadata_cache_ttl',
      type: 'float' as const,
      default: 1,
      min: 0,
      help:
        'Seconds a message post reuses the queue metadata it read (limits, default ttl/delay, encryption) for later posts to that queue; claims, lists, gets and pops use what a post remembered (dead-letter policy, encryption) without storing what they read. ' +
        'Changes made through this process apply at once; through another API node, within this time. 0: read it for every request.',
    },
    {
      name: 'idempotency_window',
      type: 'int' as const,
      default: 300,
      min: 1,
      help:
        'Seconds a message post with an Idempotency-Key header is remembered (in the message store, per project and queue): ' +
        'a repeat within this time gets the first answer instead of storing again. Not an option of the reference.',
    },
  ],
};

export const signedUrlOptions: OptionGroup = {
  group: 'signed_url',
  owner: '@zaqarjs/core',
  options: [{ name: 'secret_key', type: 'string', secret: true, help: 'HMAC key for pre-signed URLs and subscription confirmations. Unset: /share fails.' }],
};

export const notificationOptions: OptionGroup = {
  group: 'notification',
  owner: '@zaqarjs/core',
  options: [
    {
      name: 'smtp_mode',
      type: 'string',
      default: 'third_part',
      choices: ['third_part', 'self_local'],
      help: 'third_part: pipe mail to smtp_command; self_local: send over SMTP.',
    },
    { name: 'smtp_host', type: 'host', help: 'SMTP server (self_local).' },
    { name: 'smtp_port', type: 'port', help: 'SMTP port (self_local).' },
    { name: 'smtp_user_name', type: 'string', help: 'SMTP login (self_local).' },
    { name: 'smtp_user_password', type: 'string', secret: true, help: 'SMTP password (self_local).' },
    { name: 'smtp_command', type: 'string', default: '/usr/sbin/sendmail -t -oi', help: 'Command the RFC-822 message is piped to (third_part).' },
    { name: 'max_notifier_workers', type: 'int', default: 10, min: 1, help: 'Concurrent notification deliveries.' },
    { name: 'require_confirmation', type: 'bool', default: false, help: 'Only confirmed subscriptions are notified.' },
    { name: 'external_confirmation_url', type: 'string', help: 'Web page linked from confirmation e-mails.' },
    {
      name: 'subscription_confirmation_email_template',
      type: 'dict',
      default: {
        topic: 'Zaqar Notification - Subscription Confirmation',
        body: 'You have chosen to subscribe to the queue: {0}. This queue belongs to project: {1}. To confirm this subscription, click or visit this link below: {2}',
        sender: 'Zaqar Notifications <no-reply@openstack.org>',
      },
      help: 'Subject (topic), body and sender of the confirmation e-mail.',
    },
    {
      name: 'unsubscribe_confirmation_email_template',
      type: 'dict',
      default: {
        topic: 'Zaqar Notification - Unsubscribe Confirmation',
        body: 'You have unsubscribed successfully to the queue: {0}. This queue belongs to project: {1}. To resubscribe this subscription, click or visit this link below: {2}',
        sender: 'Zaqar Notifications <no-reply@openstack.org>',
      },
      help: 'Subject (topic), body and sender of the unsubscribe e-mail.',
    },
  ],
};

export const corsOptions: OptionGroup = {
  group: 'cors',
  owner: '@zaqarjs/core',
  options: [
    { name: 'allowed_origin', type: 'list', help: 'Allowed Origin values (scheme://host[:port]); unset disables CORS.' },
    { name: 'allow_credentials', type: 'bool', default: true, help: 'Send Access-Control-Allow-Credentials: true.' },
    {
      name: 'expose_headers',
      type: 'list',
      default: ['X-Auth-Token', 'X-Subject-Token', 'X-Service-Token', 'X-OpenStack-Request-ID'],
      help: 'Headers exposed to scripts.',
    },
    { name: 'max_age', type: 'int', default: 3600, min: 0, help: 'Preflight cache age in seconds.' },
    { name: 'allow_methods', type: 'list', default: ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD'], help: 'Allowed methods.' },
    {
      name: 'allow_headers',
      type: 'list',
      default: [
        'X-Auth-Token',
        'X-Identity-Status',
        'X-Roles',
        'X-Service-Catalog',
        'X-User-Id',
        'X-Tenant-Id',
        'X-OpenStack-Request-ID',
        'X-Trace-Info',
        'X-Trace-HMAC',
        'Client-id',
      ],
      help: 'Allowed request headers.',
    },
  ],
};

export const policyOptions: OptionGroup = {
  group: 'oslo_policy',
  owner: '@zaqarjs/core',
  options: [
    { name: 'policy_file', type: 'string', default: 'policy.yaml', help: 'Policy file; relative names are searched in the config directories.' },
    { name: 'policy_dirs', type: 'list', default: ['policy.d'], help: 'Directories whose files override rules, in name order.' },
    { name: 'policy_default_rule', type: 'string', default: 'default', help: 'Rule used for names without a definition.' },
    { name: 'enforce_scope', type: 'bool', default: false, help: 'Scope-type enforcement (no effect: Zaqar rules declare no scopes).' },
    { name: 'enforce_new_defaults', type: 'bool', default: false, help: 'No effect: Zaqar has no deprecated rules.' },
  ],
};

export const poolingCatalogOptions: OptionGroup = {
  group: 'pooling:catalog',
  owner: '@zaqarjs/core',
  options: [{ name: 'enable_virtual_pool', type: 'bool', default: false, help: 'Use the configured message_store as a pool for queues mapped to none.' }],
};
