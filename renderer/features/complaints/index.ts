// What other features may use of complaints: eslint.config.js lets them import only this file.

export { countOverdue } from './complaint-rows';
export { ComplaintFlag, CustomerComplaints } from './components/CustomerComplaints';
export { OpenComplaintsList } from './components/OpenComplaintsList';
export { useOpenComplaints } from './hooks/useOpenComplaints';
