// What other features may use of exports: eslint.config.js lets them import only this file.

export { ExportButton } from './components/ExportButton';
export { ExportLogCard } from './components/ExportLogCard';
