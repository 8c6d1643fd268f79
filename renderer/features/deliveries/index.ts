// What other features may use of deliveries: eslint.config.js lets them import only this file.

export { ChecklistTemplateCard } from './components/ChecklistTemplateCard';
export { CustomerDeliveries } from './components/CustomerDeliveries';
export { PostDeliveryCadenceCard } from './components/PostDeliveryCadenceCard';
