// What the devices feature offers the rest of the app: the admin's drawer of a user's devices and
// the notice a wiped laptop starts on.

export { DevicesDrawer } from './components/DevicesDrawer';
export { WipedNotice } from './components/WipedNotice';
