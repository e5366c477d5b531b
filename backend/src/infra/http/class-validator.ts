/* eslint-disable @typescript-eslint/no-require-imports -- one file per decorator, on purpose (below) */
import type * as ClassValidator from 'class-validator';

/**
 * The parts of class-validator Openbell uses, each loaded from its own file instead of through the
 * package's index. The index loads every decorator it has, and with them validator.js and
 * libphonenumber-js: about 320 modules at boot (measured), for the dozen decorators the DTOs use.
 * Types come from the package; the decorators share its one metadata storage (a global), so
 * whitelisting and nested validation work as before. The ValidationPipe gets `validatorPackage` for
 * the same reason (Nest would otherwise load the index itself).
 *
 * Import validation decorators from here, never from 'class-validator' (lint enforces it).
 */
type CV = typeof ClassValidator;
const decorator = <K extends keyof CV>(path: string, name: K): CV[K] =>
  (require(`class-validator/cjs/decorator/${path}`) as Pick<CV, K>)[name];

export const ArrayMaxSize = decorator('array/ArrayMaxSize', 'ArrayMaxSize');
export const IsArray = decorator('typechecker/IsArray', 'IsArray');
export const IsBoolean = decorator('typechecker/IsBoolean', 'IsBoolean');
export const IsNumber = decorator('typechecker/IsNumber', 'IsNumber');
export const IsInt = decorator('typechecker/IsInt', 'IsInt');
export const IsString = decorator('typechecker/IsString', 'IsString');
export const IsIn = decorator('common/IsIn', 'IsIn');
export const IsOptional = decorator('common/IsOptional', 'IsOptional');
export const ValidateIf = decorator('common/ValidateIf', 'ValidateIf');
export const ValidateNested = decorator('common/ValidateNested', 'ValidateNested');
export const Min = decorator('number/Min', 'Min');
export const Max = decorator('number/Max', 'Max');
export const Matches = decorator('string/Matches', 'Matches');
export const MaxLength = decorator('string/MaxLength', 'MaxLength');
export const MinLength = decorator('string/MinLength', 'MinLength');
export const IsEmail = decorator('string/IsEmail', 'IsEmail');
export const isEmail = decorator('string/IsEmail', 'isEmail');
export const registerDecorator = (
  require('class-validator/cjs/register-decorator') as Pick<CV, 'registerDecorator'>
).registerDecorator;
export type { ValidationOptions } from 'class-validator';

/** What Nest's ValidationPipe asks of the validator package (`validate`, `getMetadataStorage`). */
export function validatorPackage(): Pick<CV, 'validate' | 'getMetadataStorage'> {
  const { Validator } = require('class-validator/cjs/validation/Validator') as Pick<
    CV,
    'Validator'
  >;
  const { getMetadataStorage } = require('class-validator/cjs/metadata/MetadataStorage') as Pick<
    CV,
    'getMetadataStorage'
  >;
  const validator = new Validator();
  return {
    validate: ((object: object, options?: ClassValidator.ValidatorOptions) =>
      validator.validate(object, options)) as CV['validate'],
    getMetadataStorage,
  };
}
