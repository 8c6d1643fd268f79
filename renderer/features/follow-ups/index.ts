// What other features may use of follow-ups: eslint.config.js lets them import only this file.

export { CustomerFollowUps } from './components/CustomerFollowUps';
export { useFollowUpPurpose } from './hooks/useFollowUpPurpose';
