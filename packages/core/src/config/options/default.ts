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
    {
      name: 'log_file',
      type: 'string',
      help: 'Write logs (JSON lines) to this file instead of standard output; relative to log_dir when that is set. Command line: --log-file.',
      deprecatedNames: [{ name: 'logfile' }],
    },
    {
      name: 'log_dir',
      type: 'string',
      help: 'Folder of the log file: log_file is relative to it, and without log_file the file is <command>.log (zaqar-server.log). Command line: --log-dir.',
      deprecatedNames: [{ name: 'logdir' }],
    },
    {
      name: 'use_syslog',
      type: 'bool',
      default: false,
      help: 'Also send the log lines (JSON) to syslog (/dev/log) through the logger command (util-linux), instead of standard output; a log file still gets them. Command line: --use-syslog.',
    },
    {
      name: 'syslog_log_facility',
      type: 'string',
      default: 'LOG_USER',
      help: 'Syslog facility of the lines: LOG_USER, LOG_DAEMON, LOG_LOCAL0 … LOG_LOCAL7, …',
    },
    {
      name: 'log_config_append',
      type: 'string',
      help: 'A Python logging configuration file (fileConfig ini, as for oslo.log): the level and handlers of the zaqar logger (else root) become the log outputs (StreamHandler, FileHandler, WatchedFileHandler, RotatingFileHandler without rotation, SysLogHandler on a local socket, NullHandler); lines stay JSON; other logging options are then ignored. Command line: --log-config-append.',
      deprecatedNames: [{ name: 'log_config' }, { name: 'log-config' }],
    },
    {
      name: 'default_log_levels',
      type: 'list',
      default: [],
      help: 'logger=LEVEL pairs as in oslo.log; only the zaqar entry applies here (DEBUG, INFO, WARNING, ERROR, CRITICAL), e.g. zaqar=WARNING. debug = true wins.',
    },
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
    {
      name: 'workers',
      type: 'int',
      default: 0,
      min: 0,
      help: "zaqar-server worker processes sharing the listening sockets of every transport (node:cluster); 0 (the default): one per CPU core, except on a message store that prefers one process (the embedded SQLite store: its processes would take turns at the file's write lock), which gets a single process, and on one whose server runs on this host (Redis at a loopback address or a socket), which is left one core (one fewer worker); 1: a single process, no primary. A worker that dies is restarted; SIGTERM drains them all.",
    },
  ],
};
