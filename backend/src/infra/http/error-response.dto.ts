import { ApiProperty } from './openapi-decorators';

/** Every error the API answers (HttpExceptionFilter). */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ example: 'Bad Request' }) error: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description: 'what was wrong; validation errors list one message per problem, naming the field',
    example: ['reason must not be empty'],
  })
  message: string | string[];

  @ApiProperty({ description: 'the request id (x-request-id), to find the request in the logs' })
  requestId: string;
}
