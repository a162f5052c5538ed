export * from './audit';
export * from './auth';
export * from './directory';
export * from './enums';
export * from './events';
export * from './figures';
export * from './handoffs';
export * from './requests';
