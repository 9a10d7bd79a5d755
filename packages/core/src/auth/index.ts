export * from './authenticator';
export { NoAuthAuthenticator } from './noauth';
export { AUTH_STRATEGY_SETTING, NOAUTH, authStrategyName, authenticatorFor, loadAuthenticator } from './auth-strategy';
