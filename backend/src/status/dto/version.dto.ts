import { ApiProperty } from '../../infra/http/openapi-decorators';

/** What is deployed: the build's commit and the schema it runs on. */
export class VersionDto {
  @ApiProperty({
    type: String,
    nullable: true,
    example: '3f2a9c1d0e4b5a6978877665544332211a0b0c0d',
    description:
      'the deployed commit: RAILWAY_GIT_COMMIT_SHA, else build-info.json of the upload; null when unknown (local runs)',
  })
  commit: string | null;
  @ApiProperty({
    enum: ['railway', 'build'],
    nullable: true,
    description: 'where `commit` came from',
  })
  commitSource: 'railway' | 'build' | null;
  @ApiProperty({
    type: [String],
    example: ['InitialSchema1763800000000'],
    description: 'migrations applied to the database, oldest first',
  })
  migrations: string[];
  @ApiProperty({
    type: [String],
    description: "this build's migrations not applied (empty once boot has migrated)",
  })
  pendingMigrations: string[];
}
