using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StarPlatform.Complaints.Data.Migrations
{
    /// <inheritdoc />
    public partial class RegistryReplicaAndOffence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "offence",
                table: "complaints",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "prior_offence",
                table: "complaints",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "units",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    level = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    division_code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    parent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    floor_area_m2 = table.Column<decimal>(type: "numeric(10,2)", precision: 10, scale: 2, nullable: true),
                    department = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    revision = table.Column<int>(type: "integer", nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_units", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_units_name",
                table: "units",
                column: "name");

            migrationBuilder.CreateIndex(
                name: "ix_units_parent_id",
                table: "units",
                column: "parent_id");

            // The copy kept so far moves into the shared registry replica. It held no level: it is
            // read off the division code (a city's ends in 00; an outlet's length says its level)
            // until the unit's next UnitUpdated brings the registry's own.
            migrationBuilder.Sql("""
                INSERT INTO units (id, kind, name, level, division_code, parent_id, status, revision, changed_at)
                SELECT id, kind, name,
                       CASE WHEN kind = 'outlet' THEN CASE length(division_code) WHEN 9 THEN 'township' WHEN 12 THEN 'village' ELSE 'group' END
                            WHEN right(division_code, 2) = '00' THEN 'city' ELSE 'county' END,
                       division_code, parent_id, CASE WHEN accepts_complaints THEN 'active' ELSE 'closed' END, revision, changed_at
                FROM target_units
                """);

            migrationBuilder.DropTable(
                name: "target_units");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "units");

            migrationBuilder.DropColumn(
                name: "offence",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "prior_offence",
                table: "complaints");

            migrationBuilder.CreateTable(
                name: "target_units",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    accepts_complaints = table.Column<bool>(type: "boolean", nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    division_code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    parent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_target_units", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_target_units_name",
                table: "target_units",
                column: "name");
        }
    }
}
