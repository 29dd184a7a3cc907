"""Text layer: seeds → decoded, cleaned, normalised sentences."""
