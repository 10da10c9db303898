"""Question banks: the schema of `questions/*.yaml` and its loader."""

from .loader import Bank, bank_paths, data_dir, load_bank, load_bank_files
from .schema import ArgSpec, BankFile, CodingTask, FunctionSpec, Text, Tolerance

__all__ = [
    "ArgSpec", "Bank", "BankFile", "CodingTask", "FunctionSpec", "Text", "Tolerance",
    "bank_paths", "data_dir", "load_bank", "load_bank_files",
]
