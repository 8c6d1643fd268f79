// What other features may use of customers: eslint.config.js lets them import only this file.

export { DuplicatePhoneWarning } from './components/DuplicatePhoneWarning';
export { FactCheckbox, QUALIFICATION_FACTS } from './components/FactCheckbox';
