import { Module } from '@nestjs/common';
import { TogglesService } from './toggles.service';

@Module({
  providers: [TogglesService],
  exports: [TogglesService],
})
export class TogglesModule {}
