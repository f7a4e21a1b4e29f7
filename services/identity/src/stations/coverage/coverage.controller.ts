import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, ZodPipe } from '@wushe/platform';
import { Permit } from '../../access/permissions';
import { regionCodeSchema } from '../station.schemas';
import { Coverage } from './coverage.use-case';

@ApiTags('stations')
@ApiBearerAuth()
@Controller('coverage')
export class CoverageController {
  constructor(private readonly coverage: Coverage) {}

  @Get(':regionCode')
  @Permit('coverage.read')
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('regionCode', new ZodPipe(regionCodeSchema, 'params')) regionCode: string,
  ) {
    return this.coverage.of(principal, regionCode);
  }
}
