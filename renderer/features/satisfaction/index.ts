// What other features may use of satisfaction: eslint.config.js lets them import only this file.

export { CustomerSurveys } from './components/CustomerSurveys';
export { SurveyModal } from './components/SurveyModal';
