/**
 * Reads a CloudFormation / SAM template (YAML with the short-form intrinsic
 * tags: !Ref, !GetAtt, !Sub, …) into its long form, and checks it against
 * resource-specs.ts: known resource types, property names, required
 * properties, value types and allowed values, and that every Ref, GetAtt,
 * Sub variable, DependsOn and Condition names something the template (or
 * CloudFormation) defines. Answers the problems as `<path>: <what>`; none
 * when the template is sound.
 */
import { parse, type ScalarTag, type CollectionTag } from 'yaml';
import { RESOURCE_SPECS, type ObjectSpec, type PropType } from './resource-specs.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const FUNCTIONS = [
  'Base64',
  'Cidr',
  'Equals',
  'FindInMap',
  'GetAtt',
  'GetAZs',
  'If',
  'ImportValue',
  'Join',
  'Not',
  'And',
  'Or',
  'Select',
  'Split',
  'Sub',
  'Transform',
] as const;

const longName = (fn: string) => (fn === 'Ref' || fn === 'Condition' ? fn : `Fn::${fn}`);

/** The YAML tags of the short forms: a scalar, or a sequence, becomes `{"Fn::X": value}`. */
const shortFormTags = (): (ScalarTag | CollectionTag)[] =>
  [...FUNCTIONS, 'Ref', 'Condition'].flatMap((fn): (ScalarTag | CollectionTag)[] => [
    {
      tag: `!${fn}`,
      resolve: (value: string) =>
        fn === 'GetAtt' ? { 'Fn::GetAtt': value.split('.', 2) } : { [longName(fn)]: value },
    },
    {
      tag: `!${fn}`,
      collection: 'seq',
      resolve: (seq) => ({ [longName(fn)]: (seq as { toJSON(): unknown }).toJSON() }) as never,
    },
    {
      tag: `!${fn}`,
      collection: 'map',
      resolve: (map) => ({ [longName(fn)]: (map as { toJSON(): unknown }).toJSON() }) as never,
    },
  ]);

/** The template as JSON in CloudFormation's long form. */
export function readTemplate(text: string): JsonObject {
  const doc = parse(text, { customTags: shortFormTags() }) as unknown;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new Error('a template is a YAML mapping');
  }
  return doc as JsonObject;
}

const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);
const TOP_LEVEL = new Set([
  'AWSTemplateFormatVersion',
  'Transform',
  'Description',
  'Metadata',
  'Parameters',
  'Mappings',
  'Conditions',
  'Globals',
  'Resources',
  'Outputs',
]);
const RESOURCE_KEYS = new Set([
  'Type',
  'Properties',
  'DependsOn',
  'Condition',
  'Metadata',
  'DeletionPolicy',
  'UpdateReplacePolicy',
]);
const PARAMETER_KEYS = new Set([
  'Type',
  'Default',
  'Description',
  'AllowedValues',
  'AllowedPattern',
  'MinLength',
  'MaxLength',
  'MinValue',
  'MaxValue',
  'ConstraintDescription',
  'NoEcho',
]);
const PARAMETER_TYPES = new Set(['String', 'Number', 'CommaDelimitedList', 'List<Number>']);

const isObject = (v: Json | undefined): v is JsonObject =>
  v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);

/** The intrinsic function of a one-key object, if it is one. */
function intrinsicOf(v: Json | undefined): string | undefined {
  if (!isObject(v)) return undefined;
  const keys = Object.keys(v);
  if (keys.length !== 1) return undefined;
  const [key] = keys as [string];
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::') ? key : undefined;
}

const typeName = (t: PropType): string =>
  typeof t === 'string' ? t : 'array' in t ? 'array' : 'map' in t ? 'map' : 'object';

function checkValue(path: string, value: Json, type: PropType, problems: string[]): void {
  // An intrinsic stands for a value of the type; its names are checked on their own.
  if (intrinsicOf(value) !== undefined || type === 'json') return;
  if (typeof type === 'string') {
    const ok =
      type === 'string'
        ? typeof value === 'string'
        : type === 'boolean'
          ? typeof value === 'boolean'
          : type === 'integer'
            ? Number.isInteger(value)
            : typeof value === 'number';
    if (!ok) problems.push(`${path}: must be ${type}, is ${JSON.stringify(value)}`);
    return;
  }
  if ('array' in type) {
    if (!Array.isArray(value)) return void problems.push(`${path}: must be an array`);
    value.forEach((item, i) => checkValue(`${path}[${i}]`, item, type.array, problems));
    return;
  }
  if (!isObject(value)) return void problems.push(`${path}: must be ${typeName(type)}`);
  if ('map' in type) {
    for (const [k, v] of Object.entries(value)) checkValue(`${path}.${k}`, v, type.map, problems);
    return;
  }
  checkObject(path, value, type.object, problems);
}

function checkObject(path: string, value: JsonObject, spec: ObjectSpec, problems: string[]): void {
  for (const name of spec.required ?? []) {
    if (!(name in value)) problems.push(`${path}: required property ${name} is missing`);
  }
  for (const [name, v] of Object.entries(value)) {
    const type = spec.properties[name];
    if (type === undefined) {
      problems.push(`${path}.${name}: not a property (${Object.keys(spec.properties).join(', ')})`);
      continue;
    }
    checkValue(`${path}.${name}`, v, type, problems);
    const allowed = spec.allowed?.[name];
    if (allowed !== undefined && intrinsicOf(v) === undefined) {
      const values = Array.isArray(v) ? v : [v];
      for (const one of values) {
        if (typeof one !== 'string' && typeof one !== 'number') continue;
        if (!allowed.includes(one)) {
          problems.push(
            `${path}.${name}: ${JSON.stringify(one)} is not one of ${allowed.join(', ')}`,
          );
        }
      }
    }
  }
}

/** Every `${Name}` / `${Resource.Attribute}` of a Sub string (not `${!Literal}`). */
export const subVariables = (text: string): string[] =>
  [...text.matchAll(/\$\{([^!}][^}]*)\}/g)].map((m) => (m[1] ?? '').trim());

interface Names {
  readonly parameters: ReadonlySet<string>;
  readonly resources: Readonly<Record<string, string>>;
  readonly conditions: ReadonlySet<string>;
}

function checkReference(path: string, name: string, names: Names, problems: string[]): void {
  if (PSEUDO_PARAMETERS.has(name) || names.parameters.has(name) || name in names.resources) return;
  problems.push(`${path}: ${name} is not a parameter or resource`);
}

function checkAttribute(
  path: string,
  resource: string,
  attribute: string,
  names: Names,
  problems: string[],
) {
  const type = names.resources[resource];
  if (type === undefined) return void problems.push(`${path}: ${resource} is not a resource`);
  const spec = RESOURCE_SPECS[type];
  if (spec !== undefined && !spec.attributes.includes(attribute)) {
    problems.push(`${path}: ${type} has no attribute ${attribute}`);
  }
}

/** Walks every value, checking the names each intrinsic uses. */
function checkIntrinsics(path: string, value: Json, names: Names, problems: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkIntrinsics(`${path}[${i}]`, v, names, problems));
    return;
  }
  if (!isObject(value)) return;
  const fn = intrinsicOf(value);
  const arg = fn === undefined ? undefined : value[fn];
  if (fn === 'Ref' && typeof arg === 'string') checkReference(path, arg, names, problems);
  if (fn === 'Condition' && typeof arg === 'string' && !names.conditions.has(arg)) {
    problems.push(`${path}: ${arg} is not a condition`);
  }
  if (fn === 'Fn::GetAtt') {
    const [resource, attribute] = Array.isArray(arg) ? arg : [];
    if (typeof resource !== 'string' || typeof attribute !== 'string') {
      problems.push(`${path}: GetAtt takes <resource>.<attribute>`);
    } else checkAttribute(path, resource, attribute, names, problems);
  }
  if (fn === 'Fn::Sub') {
    const [text, vars] = Array.isArray(arg) ? arg : [arg];
    const local = isObject(vars) ? new Set(Object.keys(vars)) : new Set<string>();
    if (typeof text === 'string') {
      for (const v of subVariables(text)) {
        if (local.has(v)) continue;
        const [resource, attribute] = v.split('.', 2) as [string, string | undefined];
        if (attribute === undefined || PSEUDO_PARAMETERS.has(v)) {
          checkReference(path, v, names, problems);
        } else checkAttribute(path, resource, attribute, names, problems);
      }
    }
  }
  if (fn === 'Fn::If' && Array.isArray(arg) && typeof arg[0] === 'string') {
    if (!names.conditions.has(arg[0])) problems.push(`${path}: ${arg[0]} is not a condition`);
  }
  for (const [k, v] of Object.entries(value)) checkIntrinsics(`${path}.${k}`, v, names, problems);
}

function checkParameters(parameters: JsonObject, problems: string[]): void {
  for (const [name, p] of Object.entries(parameters)) {
    const path = `Parameters.${name}`;
    if (!isObject(p)) {
      problems.push(`${path}: must be a mapping`);
      continue;
    }
    for (const key of Object.keys(p)) {
      if (!PARAMETER_KEYS.has(key)) problems.push(`${path}.${key}: not a parameter attribute`);
    }
    if (typeof p['Type'] !== 'string' || !PARAMETER_TYPES.has(p['Type'])) {
      problems.push(`${path}.Type: ${JSON.stringify(p['Type'])} is not a parameter type`);
    }
    const d = p['Default'];
    const allowed = p['AllowedValues'];
    if (d !== undefined && Array.isArray(allowed) && !allowed.includes(d)) {
      problems.push(`${path}.Default: ${JSON.stringify(d)} is not one of its AllowedValues`);
    }
    const pattern = p['AllowedPattern'];
    if (typeof d === 'string' && typeof pattern === 'string' && !new RegExp(pattern).test(d)) {
      problems.push(`${path}.Default: does not match its AllowedPattern`);
    }
  }
}

/** `template` as readTemplate answers it (JSON values only). */
export function checkTemplate(input: Readonly<Record<string, unknown>>): string[] {
  const template = input as JsonObject;
  const problems: string[] = [];
  for (const key of Object.keys(template)) {
    if (!TOP_LEVEL.has(key)) problems.push(`${key}: not a template section`);
  }
  const parameters = isObject(template['Parameters']) ? template['Parameters'] : {};
  const resources = isObject(template['Resources']) ? template['Resources'] : {};
  const conditions = isObject(template['Conditions']) ? template['Conditions'] : {};
  checkParameters(parameters, problems);
  const names: Names = {
    parameters: new Set(Object.keys(parameters)),
    conditions: new Set(Object.keys(conditions)),
    resources: Object.fromEntries(
      Object.entries(resources).map(([k, r]) => [
        k,
        isObject(r) && typeof r['Type'] === 'string' ? r['Type'] : '',
      ]),
    ),
  };
  for (const [name, resource] of Object.entries(resources)) {
    const path = `Resources.${name}`;
    if (!isObject(resource)) {
      problems.push(`${path}: must be a mapping`);
      continue;
    }
    for (const key of Object.keys(resource)) {
      if (!RESOURCE_KEYS.has(key)) problems.push(`${path}.${key}: not a resource attribute`);
    }
    const type = resource['Type'];
    const spec = typeof type === 'string' ? RESOURCE_SPECS[type] : undefined;
    if (spec === undefined) {
      problems.push(`${path}.Type: ${JSON.stringify(type)} is not a type resource-specs.ts knows`);
      continue;
    }
    const properties = resource['Properties'] ?? {};
    if (!isObject(properties)) problems.push(`${path}.Properties: must be a mapping`);
    else checkObject(`${path}.Properties`, properties, spec, problems);
    const dependsOn = resource['DependsOn'];
    for (const d of Array.isArray(dependsOn)
      ? dependsOn
      : dependsOn === undefined
        ? []
        : [dependsOn]) {
      if (typeof d !== 'string' || !(d in resources)) {
        problems.push(`${path}.DependsOn: ${JSON.stringify(d)} is not a resource`);
      }
    }
    const condition = resource['Condition'];
    if (
      condition !== undefined &&
      (typeof condition !== 'string' || !names.conditions.has(condition))
    ) {
      problems.push(`${path}.Condition: ${JSON.stringify(condition)} is not a condition`);
    }
  }
  for (const section of ['Resources', 'Outputs', 'Conditions'] as const) {
    const value = template[section];
    if (value !== undefined) checkIntrinsics(section, value, names, problems);
  }
  return problems;
}
