using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StarPlatform.Ratings.Data.Migrations
{
    /// <inheritdoc />
    public partial class MonthAnnouncements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "announced_tally",
                table: "monthly_rates",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateIndex(
                name: "ix_monthly_rates_unannounced",
                table: "monthly_rates",
                columns: new[] { "unit_id", "month" },
                filter: "announced_tally < served + rated + very_satisfied + satisfied + fairly_satisfied + dissatisfied + very_dissatisfied");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_monthly_rates_unannounced",
                table: "monthly_rates");

            migrationBuilder.DropColumn(
                name: "announced_tally",
                table: "monthly_rates");
        }
    }
}
