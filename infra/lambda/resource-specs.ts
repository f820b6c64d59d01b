/**
 * What template.yaml may say, per resource type it uses: the properties
 * (name → type), which are required, the allowed values of some, and the
 * attributes `!GetAtt` can read. Facts taken from the public CloudFormation
 * resource provider schemas (aws-cloudformation resource schemas as of
 * 2026-12: `properties`, `required`, `readOnlyProperties`, enums) and from
 * the SAM specification's AWS::Serverless::Function (SAM translator 1.110).
 * Only the properties of each type are listed in full; nested objects are
 * described where the template uses them.
 */

export type PropType =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'json'
  | { readonly array: PropType }
  | { readonly object: ObjectSpec }
  /** A map of any keys to values of the type (Environment.Variables). */
  | { readonly map: PropType };

export interface ObjectSpec {
  readonly properties: Readonly<Record<string, PropType>>;
  readonly required?: readonly string[];
  readonly allowed?: Readonly<Record<string, readonly (string | number)[]>>;
}

export interface ResourceSpec extends ObjectSpec {
  /** Attributes `!GetAtt <resource>.<attribute>` may name. */
  readonly attributes: readonly string[];
}

const policyDocument: PropType = 'json';
const tags: PropType = { array: { object: { properties: { Key: 'string', Value: 'string' } } } };

const loggingConfig: PropType = {
  object: {
    properties: {
      ApplicationLogLevel: 'string',
      LogFormat: 'string',
      LogGroup: 'string',
      SystemLogLevel: 'string',
    },
    allowed: {
      ApplicationLogLevel: ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'],
      LogFormat: ['Text', 'JSON'],
      SystemLogLevel: ['DEBUG', 'INFO', 'WARN'],
    },
  },
};
const environment: PropType = { object: { properties: { Variables: { map: 'string' } } } };
const functionUrlConfig: PropType = {
  object: {
    properties: { AuthType: 'string', Cors: 'json', InvokeMode: 'string' },
    required: ['AuthType'],
    allowed: { AuthType: ['AWS_IAM', 'NONE'], InvokeMode: ['BUFFERED', 'RESPONSE_STREAM'] },
  },
};

/** The Lambda runtimes CloudFormation still creates functions with, of Node. */
const NODE_RUNTIMES = ['nodejs22.x', 'nodejs24.x'] as const;

export const RESOURCE_SPECS: Readonly<Record<string, ResourceSpec>> = {
  'AWS::Serverless::Function': {
    properties: {
      Architectures: { array: 'string' },
      AssumeRolePolicyDocument: 'json',
      AutoPublishAlias: 'string',
      AutoPublishAliasAllProperties: 'boolean',
      AutoPublishCodeSha256: 'string',
      CapacityProviderConfig: 'json',
      CodeSigningConfigArn: 'string',
      CodeUri: 'string',
      DeadLetterQueue: 'json',
      DeploymentPreference: 'json',
      Description: 'string',
      DurableConfig: 'json',
      Environment: environment,
      EphemeralStorage: 'json',
      EventInvokeConfig: 'json',
      Events: 'json',
      FileSystemConfigs: { array: 'json' },
      FunctionName: 'string',
      FunctionScalingConfig: 'json',
      FunctionUrlConfig: functionUrlConfig,
      Handler: 'string',
      ImageConfig: 'json',
      ImageUri: 'string',
      InlineCode: 'string',
      KmsKeyArn: 'string',
      Layers: { array: 'string' },
      LoggingConfig: loggingConfig,
      MemorySize: 'integer',
      PackageType: 'string',
      PermissionsBoundary: 'string',
      Policies: 'json',
      PropagateTags: 'boolean',
      ProvisionedConcurrencyConfig: 'json',
      PublishToLatestPublished: 'boolean',
      RecursiveLoop: 'string',
      ReservedConcurrentExecutions: 'integer',
      Role: 'string',
      RolePath: 'string',
      Runtime: 'string',
      RuntimeManagementConfig: 'json',
      SnapStart: 'json',
      SourceKMSKeyArn: 'string',
      Tags: { map: 'string' },
      TenancyConfig: 'json',
      Timeout: 'integer',
      Tracing: 'string',
      VersionDeletionPolicy: 'string',
      VersionDescription: 'string',
      VpcConfig: 'json',
    },
    // A zip package needs its code, handler and runtime.
    required: ['CodeUri', 'Handler', 'Runtime'],
    allowed: { Architectures: ['x86_64', 'arm64'], Runtime: NODE_RUNTIMES, PackageType: ['Zip'] },
    attributes: ['Arn'],
  },
  'AWS::Lambda::Url': {
    properties: {
      AuthType: 'string',
      Cors: 'json',
      InvokeMode: 'string',
      Qualifier: 'string',
      TargetFunctionArn: 'string',
    },
    required: ['TargetFunctionArn', 'AuthType'],
    allowed: { AuthType: ['AWS_IAM', 'NONE'], InvokeMode: ['BUFFERED', 'RESPONSE_STREAM'] },
    attributes: ['FunctionUrl', 'FunctionArn'],
  },
  'AWS::Lambda::Permission': {
    properties: {
      Action: 'string',
      EventSourceToken: 'string',
      FunctionName: 'string',
      FunctionUrlAuthType: 'string',
      InvokedViaFunctionUrl: 'boolean',
      Principal: 'string',
      PrincipalOrgID: 'string',
      SourceAccount: 'string',
      SourceArn: 'string',
    },
    required: ['FunctionName', 'Action', 'Principal'],
    allowed: { FunctionUrlAuthType: ['AWS_IAM', 'NONE'] },
    attributes: ['Id'],
  },
  'AWS::IAM::Role': {
    properties: {
      AssumeRolePolicyDocument: policyDocument,
      Description: 'string',
      ManagedPolicyArns: { array: 'string' },
      MaxSessionDuration: 'integer',
      Path: 'string',
      PermissionsBoundary: 'string',
      Policies: {
        array: {
          object: {
            properties: { PolicyDocument: policyDocument, PolicyName: 'string' },
            required: ['PolicyName', 'PolicyDocument'],
          },
        },
      },
      RoleName: 'string',
      Tags: tags,
    },
    required: ['AssumeRolePolicyDocument'],
    attributes: ['Arn', 'RoleId'],
  },
  'AWS::Logs::LogGroup': {
    properties: {
      BearerTokenAuthenticationEnabled: 'boolean',
      DataProtectionPolicy: 'json',
      DeletionProtectionEnabled: 'boolean',
      FieldIndexPolicies: { array: 'json' },
      KmsKeyId: 'string',
      LogGroupClass: 'string',
      LogGroupName: 'string',
      ResourcePolicyDocument: 'json',
      RetentionInDays: 'integer',
      Tags: tags,
    },
    allowed: {
      RetentionInDays: [
        1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
        3288, 3653,
      ],
    },
    attributes: ['Arn'],
  },
  'AWS::Logs::SubscriptionFilter': {
    properties: {
      ApplyOnTransformedLogs: 'boolean',
      DestinationArn: 'string',
      Distribution: 'string',
      EmitSystemFields: { array: 'string' },
      FieldSelectionCriteria: 'string',
      FilterName: 'string',
      FilterPattern: 'string',
      LogGroupName: 'string',
      RoleArn: 'string',
    },
    required: ['DestinationArn', 'FilterPattern', 'LogGroupName'],
    attributes: [],
  },
  'AWS::Logs::QueryDefinition': {
    properties: {
      LogGroupNames: { array: 'string' },
      Name: 'string',
      Parameters: { array: 'json' },
      QueryLanguage: 'string',
      QueryString: 'string',
    },
    required: ['Name', 'QueryString'],
    allowed: { QueryLanguage: ['CWLI', 'SQL', 'PPL'] },
    attributes: ['QueryDefinitionId'],
  },
  'AWS::Scheduler::Schedule': {
    properties: {
      Description: 'string',
      EndDate: 'string',
      FlexibleTimeWindow: {
        object: {
          properties: { MaximumWindowInMinutes: 'number', Mode: 'string' },
          required: ['Mode'],
          allowed: { Mode: ['OFF', 'FLEXIBLE'] },
        },
      },
      GroupName: 'string',
      KmsKeyArn: 'string',
      Name: 'string',
      ScheduleExpression: 'string',
      ScheduleExpressionTimezone: 'string',
      StartDate: 'string',
      State: 'string',
      Target: {
        object: {
          properties: {
            Arn: 'string',
            DeadLetterConfig: 'json',
            EcsParameters: 'json',
            EventBridgeParameters: 'json',
            Input: 'string',
            KinesisParameters: 'json',
            RetryPolicy: {
              object: {
                properties: { MaximumEventAgeInSeconds: 'number', MaximumRetryAttempts: 'number' },
              },
            },
            RoleArn: 'string',
            SageMakerPipelineParameters: 'json',
            SqsParameters: 'json',
          },
          required: ['Arn', 'RoleArn'],
        },
      },
    },
    required: ['FlexibleTimeWindow', 'ScheduleExpression', 'Target'],
    allowed: { State: ['ENABLED', 'DISABLED'] },
    attributes: ['Arn'],
  },
  'AWS::EKS::AccessEntry': {
    properties: {
      AccessPolicies: { array: 'json' },
      ClusterName: 'string',
      KubernetesGroups: { array: 'string' },
      PrincipalArn: 'string',
      Tags: tags,
      Type: 'string',
      Username: 'string',
    },
    required: ['PrincipalArn', 'ClusterName'],
    attributes: ['AccessEntryArn'],
  },
};
