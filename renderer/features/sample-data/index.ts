// What other features may use of sample-data: eslint.config.js lets them import only this file.

export { LoadSampleDataButton } from './components/LoadSampleDataButton';
