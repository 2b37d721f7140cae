import './lucioleApp';
