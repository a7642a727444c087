using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StarPlatform.Registry.Data.Migrations
{
    /// <inheritdoc />
    public partial class OutboxSendDestination : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "destination_address",
                table: "outbox_message",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "destination_address",
                table: "outbox_message");
        }
    }
}
