import type { OptionGroup } from '../types';

export const defaultOptions: OptionGroup = {
  group: 'DEFAULT',
  owner: '@zaqarjs/core',
  options: [
    { name: 'admin_mode', type: 'bool', default: false, help: 'Expose the privileged endpoints (/v2/health; /v2/pools and /v2/flavors with pooling).' },
    {
      name: 'pooling',
      type: 'bool',
      default: false,
      help: 'Route queues to multiple storage pools through the catalogue.',
      deprecatedNames: [{ name: 'sharding' }],
    },
    { name: 'unreliable', type: 'bool', default: false, help: 'Allow stores that cannot guarantee durability (e.g. a standalone mongod).' },
    { name: 'enable_deprecated_api_versions', type: 'list', default: [], help: 'Deprecated; older API versions are not served.' },
    { name: 'enable_checksum', type: 'bool', default: false, help: 'Store an MD5 checksum of each message body and return it as "checksum".' },
    {
      name: 'auth_strategy',
      type: 'string',
      default: '',
      help: 'Authentication: the name of a zaqar.authentication plugin. Empty or noauth: none (X-Project-ID, X-Roles... trusted as sent). keystone needs a package providing it; a name no installed package provides stops startup.',
    },
    { name: 'debug', type: 'bool', default: false, help: 'Log at debug level.' },
    { name: 'log_file', type: 'string', help: 'Write logs to this file instead of standard output.' },
    { name: 'data_dir', type: 'string', default: 'data', help: 'Folder for the embedded store and other local state (relative to the working directory).' },
    {
      name: 'plugin_dirs',
      type: 'list',
      default: [],
      help: 'Extra folders searched for plugin packages before node_modules: each is a plugin package (package.json with a "zaqar" field) or a folder of them. The ZAQAR_PLUGIN_PATH environment variable (colon-separated) adds more.',
    },
    {
      name: 'graceful_shutdown_timeout',
      type: 'int',
      default: 60,
      min: 0,
      help: 'Seconds to let in-flight requests finish after SIGTERM/SIGINT before connections are closed.',
    },
  ],
};
