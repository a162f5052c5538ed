import { z } from 'zod';
import { errorCodes } from './constants';

export { errorCodes, isErrorCode } from './constants';
export const errorCode = z.enum(errorCodes).meta({ id: 'ErrorCode' });
export type ErrorCode = z.infer<typeof errorCode>;
