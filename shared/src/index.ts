export * from './actions';
export * from './auth';
export * from './common';
export * from './directory';
export * from './events';
export * from './handoffs';
export * from './requests';
export * from './review';
