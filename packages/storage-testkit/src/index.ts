/**
 * @zaqarjs/storage-testkit: the storage contract suite, written once. A store's test
 * file calls runMessageStoreContract / runControlStoreContract with a factory; the
 * suites register jest describe blocks (jest globals must be available).
 */
export {
  CONTRACT_FILTER_ENV,
  FeatureGate,
  TestClock,
  describeSuite,
  expectCode,
  useDriver,
  type ContractContext,
  type ContractOptions,
  type Harness,
} from './harness';
export {
  runMessageStoreContract,
  type ConcurrencyOptions,
  type DataDriverFactory,
  type MessageStoreContractOptions,
  type MessageStoreFeature,
} from './message-store';
export { runControlStoreContract, type ControlDriverFactory, type ControlStoreContractOptions, type ControlStoreFeature } from './control-store';
