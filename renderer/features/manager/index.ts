// What other features may use of manager: eslint.config.js lets them import only this file.

export { DeleteCustomerModal } from './components/DeleteCustomerModal';
