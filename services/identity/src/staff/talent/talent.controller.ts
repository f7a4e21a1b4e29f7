import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, ZodPipe } from '@wushe/platform';
import { Permit } from '../../access/permissions';
import { talentParamSchema } from '../staff.schemas';
import { TalentQuery } from './talent.query';

/** Talent figures (人才队伍) of a region and its child regions. */
@ApiTags('talent')
@ApiBearerAuth()
@Controller('talent')
export class TalentController {
  constructor(private readonly talent: TalentQuery) {}

  @Get(':regionCode')
  @Permit('staff.read')
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('regionCode', new ZodPipe(talentParamSchema, 'params')) regionCode: string,
  ) {
    return this.talent.forRegion(principal, regionCode);
  }
}
