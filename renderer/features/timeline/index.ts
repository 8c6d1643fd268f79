// What other features may use of timeline: eslint.config.js lets them import only this file.

export { Timeline } from './components/Timeline';
