export * from './auth';
export * from './content';
export * from './library';
export * from './quiz';
export * from './certificates';
export * from './mail';
export * from './admin';
export * from './studio';
