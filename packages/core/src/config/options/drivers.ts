import type { OptionGroup } from '../types';

export const driverOptions: OptionGroup = {
  group: 'drivers',
  owner: '@zaqarjs/core',
  options: [
    {
      name: 'transport',
      type: 'list',
      default: ['wsgi'],
      help: 'Transport driver(s) of this process (wsgi, websocket); several names serve them side by side.',
    },
    { name: 'message_store', type: 'string', default: 'sqlalchemy', help: 'Message (data plane) store driver.', deprecatedNames: [{ name: 'storage' }] },
    { name: 'management_store', type: 'string', default: 'sqlalchemy', help: 'Management (control plane) store driver.' },
  ],
};
