import type { ControlDriver, DataDriver } from '@zaqarjs/core';
import { dropPrefix, dumpPrefix, testPrefix, testUri } from '../../../plugins/store-redis/test/redis-test-server';
import { pluginContext, pluginModule } from './plugin-module';
import type { TestBackend } from './types';

const DATA = '@zaqarjs/store-redis/dist/data-driver.js';
const CONTROL = '@zaqarjs/store-redis/dist/control-driver.js';

/**
 * Both Redis stores on the shared test Redis (ZAQAR_TEST_REDIS_URI, default
 * 127.0.0.1:6379), under a key prefix of their own per prepared instance; cleanup
 * deletes the prefix's keys.
 */
export const redisBackend: TestBackend = {
  optionGroups: () => [...(pluginModule(DATA).options ?? []), ...(pluginModule(CONTROL).options ?? [])],
  async prepare() {
    const prefix = testPrefix('http');
    const uri = testUri(prefix);
    return {
      sections: {
        drivers: { message_store: 'redis', management_store: 'redis' },
        'drivers:message_store:redis': { uri },
        'drivers:management_store:redis': { uri },
      },
      async open(conf, logger) {
        const data = (await pluginModule(DATA).create(pluginContext(conf, logger, 'redis'))) as DataDriver;
        const control = (await pluginModule(CONTROL).create(pluginContext(conf, logger, 'redis'))) as ControlDriver;
        await control.open();
        await data.open();
        return { data, control };
      },
      rawDump: () => dumpPrefix(prefix),
      cleanup: async () => void (await dropPrefix(prefix)),
    };
  },
};
