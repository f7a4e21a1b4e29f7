import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiZodQuery, ZodPipe } from '@wushe/platform';
import { Permit } from '../access/permissions';
import { GetRegion } from './get-region/get-region.use-case';
import { REGION_CODE_PATTERN } from './region-code';
import { ListChildren } from './list-children/list-children.use-case';
import {
  GetRegionQuery,
  getRegionQuerySchema,
  ListChildrenQuery,
  listChildrenQuerySchema,
  regionCodeSchema,
  SearchRegionsQuery,
  searchRegionsQuerySchema,
} from './region.schemas';
import { SearchRegions } from './search-regions/search-regions.use-case';

// Statistical divisions are public data, but the API is not anonymous: every role reads them
// (regions.read), whatever its scope.
const ApiRegionCode = () =>
  ApiParam({
    name: 'code',
    description: 'Statistical division code: 2, 4, 6, 9 or 12 digits (province … village)',
    schema: { type: 'string', pattern: REGION_CODE_PATTERN.source },
  });

@ApiTags('regions')
@ApiBearerAuth()
@Permit('regions.read')
@Controller('regions')
export class RegionsController {
  constructor(
    private readonly getRegion: GetRegion,
    private readonly listChildren: ListChildren,
    private readonly searchRegions: SearchRegions,
  ) {}

  @Get()
  @ApiZodQuery(searchRegionsQuerySchema)
  search(@Query(new ZodPipe(searchRegionsQuerySchema, 'query')) query: SearchRegionsQuery) {
    return this.searchRegions.page(query);
  }

  @Get(':code')
  @ApiRegionCode()
  @ApiZodQuery(getRegionQuerySchema)
  get(
    @Param('code', new ZodPipe(regionCodeSchema, 'params')) code: string,
    @Query(new ZodPipe(getRegionQuerySchema, 'query')) query: GetRegionQuery,
  ) {
    return this.getRegion.execute(code, query.on);
  }

  @Get(':code/children')
  @ApiRegionCode()
  @ApiZodQuery(listChildrenQuerySchema)
  children(
    @Param('code', new ZodPipe(regionCodeSchema, 'params')) code: string,
    @Query(new ZodPipe(listChildrenQuerySchema, 'query')) query: ListChildrenQuery,
  ) {
    return this.listChildren.page(code, query);
  }
}
