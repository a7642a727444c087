using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StarPlatform.Scoring.Data.Migrations
{
    /// <inheritdoc />
    public partial class SatisfactionFromRatings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "satisfaction_mappings",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    points = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: false),
                    method = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    evidence_set_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    evidence_item = table.Column<int>(type: "integer", nullable: false),
                    min_evaluation_rate = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: false),
                    min_satisfaction_rate = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    bands = table.Column<string>(type: "jsonb", nullable: true),
                    level_weights = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_satisfaction_mappings", x => new { x.code, x.version });
                });

            migrationBuilder.CreateTable(
                name: "unit_month_ratings",
                columns: table => new
                {
                    unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    served = table.Column<long>(type: "bigint", nullable: false),
                    rated = table.Column<long>(type: "bigint", nullable: false),
                    very_satisfied = table.Column<long>(type: "bigint", nullable: false),
                    satisfied = table.Column<long>(type: "bigint", nullable: false),
                    fairly_satisfied = table.Column<long>(type: "bigint", nullable: false),
                    dissatisfied = table.Column<long>(type: "bigint", nullable: false),
                    very_dissatisfied = table.Column<long>(type: "bigint", nullable: false),
                    tally = table.Column<long>(type: "bigint", nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_unit_month_ratings", x => new { x.unit_id, x.month });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "satisfaction_mappings");

            migrationBuilder.DropTable(
                name: "unit_month_ratings");
        }
    }
}
