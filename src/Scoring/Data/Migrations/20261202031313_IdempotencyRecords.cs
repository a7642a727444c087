using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StarPlatform.Scoring.Data.Migrations
{
    /// <inheritdoc />
    public partial class IdempotencyRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "evaluation_state");

            migrationBuilder.DropPrimaryKey(
                name: "pk_unit_findings",
                table: "unit_findings");

            migrationBuilder.DropPrimaryKey(
                name: "pk_finding_reversals",
                table: "finding_reversals");

            migrationBuilder.AddColumn<string>(
                name: "department",
                table: "units",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "offence",
                table: "unit_findings",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "offence",
                table: "finding_reversals",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "scheme_code",
                table: "cycles",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "scheme_version",
                table: "cycles",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddPrimaryKey(
                name: "pk_unit_findings",
                table: "unit_findings",
                columns: new[] { "complaint_id", "source", "offence" });

            migrationBuilder.AddPrimaryKey(
                name: "pk_finding_reversals",
                table: "finding_reversals",
                columns: new[] { "complaint_id", "source", "offence" });

            migrationBuilder.CreateTable(
                name: "star_schemes",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    creation = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: false),
                    satisfaction = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: false),
                    panel = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: false),
                    veto_cancels_stars = table.Column<bool>(type: "boolean", nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    thresholds = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_star_schemes", x => new { x.code, x.version });
                });

            migrationBuilder.CreateIndex(
                name: "ix_units_name",
                table: "units",
                column: "name");

            migrationBuilder.CreateIndex(
                name: "ix_units_parent_id",
                table: "units",
                column: "parent_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "star_schemes");

            migrationBuilder.DropIndex(
                name: "ix_units_name",
                table: "units");

            migrationBuilder.DropIndex(
                name: "ix_units_parent_id",
                table: "units");

            migrationBuilder.DropPrimaryKey(
                name: "pk_unit_findings",
                table: "unit_findings");

            migrationBuilder.DropPrimaryKey(
                name: "pk_finding_reversals",
                table: "finding_reversals");

            migrationBuilder.DropColumn(
                name: "department",
                table: "units");

            migrationBuilder.DropColumn(
                name: "offence",
                table: "unit_findings");

            migrationBuilder.DropColumn(
                name: "offence",
                table: "finding_reversals");

            migrationBuilder.DropColumn(
                name: "scheme_code",
                table: "cycles");

            migrationBuilder.DropColumn(
                name: "scheme_version",
                table: "cycles");

            migrationBuilder.AddPrimaryKey(
                name: "pk_unit_findings",
                table: "unit_findings",
                columns: new[] { "complaint_id", "source" });

            migrationBuilder.AddPrimaryKey(
                name: "pk_finding_reversals",
                table: "finding_reversals",
                columns: new[] { "complaint_id", "source" });

            migrationBuilder.CreateTable(
                name: "evaluation_state",
                columns: table => new
                {
                    correlation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    applied_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    current_state = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    cycle_id = table.Column<Guid>(type: "uuid", nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    reported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    review_started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    scored_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    stage_rank = table.Column<int>(type: "integer", nullable: false),
                    stars = table.Column<int>(type: "integer", nullable: true),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: true),
                    veto_count = table.Column<int>(type: "integer", nullable: false),
                    vetoed = table.Column<bool>(type: "boolean", nullable: false),
                    vetoes_changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evaluation_state", x => x.correlation_id);
                });
        }
    }
}
